MATCH (n) RETURN (n)-[]->()
