using System.Globalization;
using Region.MailSink;

// The local mail sink: `MailSink [--port 2525] [--dir .local/mail]`. Nothing is delivered anywhere:
// each mail becomes one .eml file (open it with any mail program, or read it as text).
var port = 2525;
var folder = Path.Combine(".local", "mail");
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--dir": folder = args[i + 1]; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}; usage: MailSink [--port 2525] [--dir .local/mail]"); return 2;
    }
}
await using var sink = new MailSinkServer(port, Path.GetFullPath(folder));
sink.Received += m => Console.WriteLine($"{DateTime.Now:HH:mm:ss} mail to {string.Join(", ", m.To.Mailboxes.Select(x => x.Address))}: {m.Subject}");
sink.Start();
Console.WriteLine($"mail sink: SMTP on 127.0.0.1:{port}, mails as .eml in {Path.GetFullPath(folder)}");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await Task.WhenAny(stop.Task, sink.Running);
return 0;
