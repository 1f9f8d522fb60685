MATCH (n) REMOVE n.prop, n:Label:Other
