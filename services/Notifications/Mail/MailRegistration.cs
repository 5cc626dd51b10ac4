namespace Region.Notifications.Mail;

public static class MailRegistration
{
    /// The SMTP settings (Mail:*), the sender in the background and the signal that wakes it.
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MailSettings>(builder.Configuration.GetSection("Mail"));
        builder.Services.AddSingleton<MailSignal>();
        builder.Services.AddHostedService<MailSender>();
        return builder;
    }
}
