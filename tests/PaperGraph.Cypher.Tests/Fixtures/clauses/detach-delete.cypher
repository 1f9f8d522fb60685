MATCH (n:Paper {key: 'x'}) DETACH DELETE n
