RETURN 1 + 2 * 3 ^ 2, -3 ^ 2, NOT a = b OR c AND d XOR e, a IN [1] IS NULL, -x.y
