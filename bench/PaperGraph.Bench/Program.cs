Console.WriteLine("bench: not yet implemented");
