namespace Nlp.Domain;

/// <summary>A rule of the domain was broken (for example an invalid model identifier).</summary>
public class DomainException(string message) : Exception(message);
