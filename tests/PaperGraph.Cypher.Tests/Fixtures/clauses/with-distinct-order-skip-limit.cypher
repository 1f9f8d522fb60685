MATCH (n)
WITH DISTINCT n.year AS year, count(*) AS papers
ORDER BY year DESC, papers
SKIP 1 LIMIT 10
WHERE papers > 2
RETURN *
