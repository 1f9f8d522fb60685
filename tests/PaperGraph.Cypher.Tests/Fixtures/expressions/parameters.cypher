RETURN $name, $0, $`odd name`
