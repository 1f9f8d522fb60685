MATCH (a), (b) WHERE (a)-[:KNOWS]->(b) AND NOT (b)-->(a) RETURN a
