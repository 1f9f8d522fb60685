MATCH ((a)-[:R]->(b)) RETURN a
