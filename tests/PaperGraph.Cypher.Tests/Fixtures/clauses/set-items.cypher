MATCH (n) SET n.a = 1, n = {b: 2}, n += $extra, n:Label:Other
