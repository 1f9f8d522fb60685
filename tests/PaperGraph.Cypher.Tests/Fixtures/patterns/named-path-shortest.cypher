MATCH p = shortestPath((a:Paper {key: 'a'})-[:PREREQUISITE_OF*]->(b:Paper {key: 'b'})), q = allShortestPaths((a)-[*]-(b)) RETURN p, q
