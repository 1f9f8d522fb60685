RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x], [x IN list], [(a)-[:R]->(b) WHERE b.ok | b.name], [p = (a)-->() | p]
