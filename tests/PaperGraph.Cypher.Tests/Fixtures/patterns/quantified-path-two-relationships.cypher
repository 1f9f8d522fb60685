MATCH (x:Paper) ((a)-[r:PREREQUISITE_OF]->(b:Paper)-[s]->(c) WHERE r.w < s.w){1,3} (y) RETURN y
