RETURN 1 < x <= 5 > y
