MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN count(m) AS degree } RETURN n, degree
