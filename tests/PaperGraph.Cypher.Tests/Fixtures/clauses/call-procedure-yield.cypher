CALL db.labels() YIELD label AS name WHERE name STARTS WITH 'P' RETURN name
