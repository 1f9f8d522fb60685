CALL db.schema.visualization
