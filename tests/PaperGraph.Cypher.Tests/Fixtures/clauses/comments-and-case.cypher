match (n) // find all
/* and return
   them */ ReTuRn n.`weird``key` as `the key`
