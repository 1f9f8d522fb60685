RETURN null, true, FALSE, 42, -9223372036854775808, 0x1F, 0o17, -0x10, 1.5, .5, 1e3, 1.5E-3, 'it\'s', "dq \"x\"", '\u00e9\n'
