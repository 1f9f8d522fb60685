MATCH (p:Person)
RETURN COUNT { (p)-[:KNOWS]->() } AS friends,
       COLLECT { MATCH (p)-[:KNOWS]->(f) RETURN f.name } AS names
