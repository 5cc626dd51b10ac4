extern alias meetings;

namespace Region.Cli.Tests;

/// The meetings service in-process on its own PostgreSQL database and the shared RabbitMQ, and
/// regionctl run against it in-process, its output captured.
public sealed class MeetingsCliHost() : ServiceCliHost<meetings::Program>("meetings")
{
}
