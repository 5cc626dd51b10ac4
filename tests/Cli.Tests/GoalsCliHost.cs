extern alias goals;
using GoalsProgram = goals::Program;

namespace Region.Cli.Tests;

/// The budget and goals services in-process, linked by the real broker: the budget import's unit
/// events feed the goals service's org-unit replica, then regionctl loads and shows the goals.
public sealed class GoalsCliHost() : LinkedServiceHost<GoalsProgram>("goals");
