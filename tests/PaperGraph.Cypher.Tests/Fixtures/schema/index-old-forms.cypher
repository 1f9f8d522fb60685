CREATE INDEX ON :Paper(year)
