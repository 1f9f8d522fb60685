MATCH (:A:B {x: 1, `y z`: 'two'})-[:T {w: 0.5}]->() RETURN 1
