[assembly: AssemblyFixture(typeof(FitnessDriver.Testing.PostgresFixture))]
