MATCH (a)-->(b)<--(c)--(d)<-->(e)-[r]->(f)<-[s]-(g) RETURN a
