using CarSearch.Cli;

return CarSearchCli.Run(args, Console.Out, Console.Error);
