MATCH (a)
