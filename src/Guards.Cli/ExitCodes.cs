namespace UltraCloud.Guards.Cli;

public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Usage = 2;
    public const int Internal = 3;
}
