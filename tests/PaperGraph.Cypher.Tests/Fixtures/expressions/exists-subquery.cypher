MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE m.x = 1 } AND EXISTS { (n)<--() } RETURN n
