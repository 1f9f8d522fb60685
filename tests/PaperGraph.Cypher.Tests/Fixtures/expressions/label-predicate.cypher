MATCH (n) WHERE n:Paper:Seminal RETURN n:Paper
