MATCH (n) RETURN n {.name, .*, year: n.year + 1, other}
