CREATE (a:Paper {key: 'bert', year: 2018})-[:PREREQUISITE_OF]->(b:Paper $props)
