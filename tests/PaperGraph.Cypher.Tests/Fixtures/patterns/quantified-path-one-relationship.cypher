MATCH (x) ((p)-[r:R]->(q) WHERE q.year > p.year)+ (y)-[:S]->{2,} (z) RETURN z
