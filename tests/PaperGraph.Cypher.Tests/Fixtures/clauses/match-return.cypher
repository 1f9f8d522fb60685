MATCH (p:Paper {key: $k}) RETURN p
