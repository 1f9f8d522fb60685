RETURN list[0], list[-1], list[1..3], list[..2], list[2..], map['key']
