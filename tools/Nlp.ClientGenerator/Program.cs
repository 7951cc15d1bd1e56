using Nlp.ClientGenerator;

return await ClientCodeWriter.RunAsync(args);
