CREATE INDEX paper_year FOR (p:Paper) ON (p.year, p.title)
