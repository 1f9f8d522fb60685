RETURN count(*), count(DISTINCT n.x), toLower('A'), my.ns.fn(1, 2), exists(n.prop), exists((n)-->())
