MATCH (a:Person)
OPTIONAL MATCH (a)-[:KNOWS]->(b)
WHERE b.age > 30
RETURN a.name, b.name AS friend
