LOAD CSV FROM 'file:///x.csv' AS row RETURN row
