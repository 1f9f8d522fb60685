Console.WriteLine("papergraph: not yet implemented");
