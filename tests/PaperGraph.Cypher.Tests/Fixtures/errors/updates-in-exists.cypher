MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n
