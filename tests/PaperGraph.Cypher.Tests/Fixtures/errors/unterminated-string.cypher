RETURN 'abc
