MATCH (n) WHERE n.name STARTS WITH 'A' AND n.name ENDS WITH 'z' AND n.name CONTAINS 'm' AND n.name =~ '.*' RETURN n
