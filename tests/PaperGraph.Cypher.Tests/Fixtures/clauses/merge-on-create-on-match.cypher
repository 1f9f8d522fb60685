MERGE (p:Paper {key: $key})
ON CREATE SET p.created = timestamp(), p.views = 0
ON MATCH SET p.views = p.views + 1
ON CREATE SET p:New
