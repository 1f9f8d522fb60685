MATCH (n) FOREACH (x IN [1] | SET n.x = x)
