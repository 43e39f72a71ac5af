using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Tests.CostModel;

public class CostModelFitterTests
{
    // Known prices: what the fit must find.
    private static readonly Dictionary<string, double> OnlinePrices = new()
    {
        ["constant"] = 2.0, ["relus"] = 0.004, ["and_gates"] = 0.0, ["he_multiply_plain"] = 0.0, ["he_rotations"] = 0.0, ["layers"] = 0.5,
    };
    private static readonly Dictionary<string, double> OfflinePrices = new()
    {
        ["constant"] = 40.0, ["relus"] = 0.0, ["and_gates"] = 2e-5, ["he_multiply_plain"] = 0.01, ["he_rotations"] = 0.05, ["layers"] = 3.0,
    };

    private static double Price(Dictionary<string, double> prices, CostFeatures f)
    {
        var row = f.ToVector();
        return CostFeatures.TermNames.Select((t, i) => prices[t] * row[i]).Sum();
    }

    private static CostFeatures Features(int i) =>
        // Scrambled by unrelated moduli, so no count is an affine function of another on any handful of
        // configurations and every price is identifiable.
        new(Relus: 50 + i * 7_919 % 1_999, AndGates: 10_000 + i * i * i * 613 % 99_991, HeMultiplyPlain: 500 + i * 104_729 % 3_001,
            HeRotations: 20 + i * i * 31 % 211, Layers: 4 + i * 3 % 7);

    private static BenchPoint SyntheticPoint(int configuration, int seed, double noise = 1)
    {
        var f = Features(configuration);
        double online = Price(OnlinePrices, f) * noise, offline = Price(OfflinePrices, f) * noise;
        var protocol = new ProtocolMeasurement(50, 0.9, 0.9, f.Layers, f.HeMultiplyPlain, f.HeRotations, f.AndGates, 0,
            offline, offline, offline, online, online, online,
            (long)(1_000 * f.HeMultiplyPlain * noise), 0, (long)(64 * f.Relus * noise), 0);
        return new BenchPoint(new BenchPointKey("net", "snl", BenchBudget.Of(configuration), seed),
            new PointMeasurement(new ModelVariant("m.pim", 0.9, f.Relus, 0, 1, 1), protocol), null, 1, DateTime.UnixEpoch);
    }

    [Fact]
    public void Known_prices_are_recovered_from_synthetic_points()
    {
        var rows = Enumerable.Range(0, 30).Select(i => (Features(i), Price(OfflinePrices, Features(i)))).ToList();
        var model = CostModelFitter.Fit(CostTarget.OfflineMs, rows);
        foreach (var (term, price) in OfflinePrices)
            Assert.Equal(price, model.Coefficients[term], 1e-7 * Math.Max(1, price));
    }

    [Fact]
    public void The_reported_error_is_the_mean_and_max_relative_error_on_the_test_points()
    {
        var train = Enumerable.Range(0, 20).Select(i => (Features(i), Price(OnlinePrices, Features(i)))).ToList();
        // Test points measured 10 % above and 20 % below the truth: errors 0.1/1.1 and 0.2/0.8.
        var test = new List<(CostFeatures, double)>
        {
            (Features(40), Price(OnlinePrices, Features(40)) * 1.1),
            (Features(41), Price(OnlinePrices, Features(41)) * 0.8),
            (Features(42), 0), // no relative error for a zero measurement: left out
        };
        var fit = CostModelFitter.Evaluate(CostTarget.OnlineMs, train, test);
        Assert.Equal(2, fit.TestPoints);
        Assert.Equal(20, fit.TrainPoints);
        Assert.Equal((0.1 / 1.1 + 0.25) / 2, fit.MeanRelativeError, 9);
        Assert.Equal(0.25, fit.MaxRelativeError, 9);
    }

    [Fact]
    public void A_run_is_split_by_configuration_and_exact_data_predicts_held_out_configurations_exactly()
    {
        var points = Enumerable.Range(0, 12).SelectMany(c => new[] { SyntheticPoint(c, 1), SyntheticPoint(c, 2) }).ToList();
        var report = CostModelFitter.Build(points, []);

        Assert.Null(report.NotFitted);
        Assert.Equal(4, report.TestConfigurations.Count); // round(0.3 × 12)
        Assert.Equal(8, report.TrainConfigurations.Count);
        Assert.Empty(report.TrainConfigurations.Intersect(report.TestConfigurations));
        Assert.Equal(4, report.Fits.Count);
        foreach (var fit in report.Fits)
        {
            Assert.Equal(16, fit.TrainPoints); // both seeds of each training configuration, none of a test one
            Assert.Equal(8, fit.TestPoints);
            Assert.True(fit.MaxRelativeError < 1e-6, $"{fit.Model.Target}: {fit.MaxRelativeError}");
        }
    }

    [Fact]
    public void The_split_is_reproducible_and_changes_with_its_seed()
    {
        var points = Enumerable.Range(0, 20).Select(c => SyntheticPoint(c, 1)).ToList();
        var one = CostModelFitter.Build(points, [], new CostModelOptions(0.3, 1));
        Assert.Equal(one.TestConfigurations, CostModelFitter.Build(points, [], new CostModelOptions(0.3, 1)).TestConfigurations);
        Assert.NotEqual(one.TestConfigurations, CostModelFitter.Build(points, [], new CostModelOptions(0.3, 2)).TestConfigurations);
    }

    [Fact]
    public void Unmeasured_configurations_are_priced_by_the_fitted_model_and_marked_predicted()
    {
        var points = Enumerable.Range(0, 12).Select(c => SyntheticPoint(c, 1)).ToList();
        var big = new CostFeatures(Relus: 50_000, AndGates: 9_000_000, HeMultiplyPlain: 60_000, HeRotations: 2_000, Layers: 40);
        var report = CostModelFitter.Build(points, [new UnmeasuredConfiguration("resnet18 snl 50000", big)]);

        var prediction = Assert.Single(report.Predictions);
        Assert.True(prediction.Predicted);
        Assert.Equal(Price(OnlinePrices, big), prediction.OnlineMs!.Value, 1e-6 * Price(OnlinePrices, big));
        Assert.Equal(Price(OfflinePrices, big), prediction.OfflineMs!.Value, 1e-6 * Price(OfflinePrices, big));
    }

    [Fact]
    public void Too_few_configurations_give_no_model_and_say_why()
    {
        var points = new[] { SyntheticPoint(1, 1), SyntheticPoint(1, 2), SyntheticPoint(2, 1), Samples.Failed() };
        var report = CostModelFitter.Build(points, [new UnmeasuredConfiguration("x", Features(3))]);
        Assert.Empty(report.Fits);
        Assert.Empty(report.Predictions);
        Assert.StartsWith("2 measured configuration(s)", report.NotFitted, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configurations_file_reads_counts_and_names_a_bad_line()
    {
        var configurations = UnmeasuredConfigurationsCsv.Parse(UnmeasuredConfigurationsCsv.Header + "\nresnet18 50K,50000,9000000,60000,2000,40\n\n");
        Assert.Equal([new UnmeasuredConfiguration("resnet18 50K", new CostFeatures(50_000, 9_000_000, 60_000, 2_000, 40))], configurations);
        var e = Assert.Throws<FormatException>(() => UnmeasuredConfigurationsCsv.Parse(UnmeasuredConfigurationsCsv.Header + "\nok,1,2,3,4,5\nbad,1,-2,3,4,5"));
        Assert.StartsWith("line 3: and_gates '-2'", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => UnmeasuredConfigurationsCsv.Parse("name,relus\n"));
    }

    [Fact]
    public void Published_figures_ride_along_to_the_prediction()
    {
        string csv = UnmeasuredConfigurationsCsv.Header + "," + UnmeasuredConfigurationsCsv.PublishedHeader + "\n" +
            "resnet32 all,303104,1,2,3,64,Delphi Table 3,58400,8300,6.04e9,3.62e8\n" +
            "resnet32 15K,15000,1,2,3,64,,,,,\n";
        var configurations = UnmeasuredConfigurationsCsv.Parse(csv);
        Assert.Equal(new PublishedCosts("Delphi Table 3", 58_400, 8_300, 6.04e9, 3.62e8), configurations[0].Published);
        Assert.Null(configurations[1].Published);

        var points = Enumerable.Range(0, 12).Select(c => SyntheticPoint(c, 1)).ToList();
        var report = CostModelFitter.Build(points, configurations);
        Assert.Equal(configurations[0].Published, report.Predictions[0].Published);

        var e = Assert.Throws<FormatException>(() => UnmeasuredConfigurationsCsv.Parse(csv + "x,1,1,1,1,1,,5,,,\n"));
        Assert.StartsWith("line 4: published figures need a published_source", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leave_one_out_predicts_each_configuration_of_an_exact_linear_cost_from_the_others()
    {
        // More configurations than terms, so each held-out prediction is determined by the others.
        var configurations = Enumerable.Range(0, 12)
            .Select(c => new MeasuredConfiguration($"c{c}", Features(c).Relus, SyntheticPoint(c, 1).Measurement!.Protocol)).ToList();
        var report = CostModelFitter.LeaveOneOut(configurations);

        Assert.Equal(configurations.Select(c => c.Name), report.Configurations.Select(r => r.Name));
        foreach (var row in report.Configurations)
            foreach (var cost in row.Costs)
                Assert.True(cost.RelativeError < 1e-6, $"{row.Name} {cost.Target.Name()}: measured {cost.Measured}, predicted {cost.Predicted}");
        Assert.All(CostTargets.All, t => Assert.InRange(report.MaxRelativeError(t)!.Value, 0, 1e-6));
    }

    [Fact]
    public void Predict_fits_on_every_configuration_and_prices_an_unmeasured_one_marked_predicted()
    {
        var configurations = Enumerable.Range(0, 8)
            .Select(c => new MeasuredConfiguration($"c{c}", Features(c).Relus, SyntheticPoint(c, 1).Measurement!.Protocol)).ToList();
        var big = new CostFeatures(Relus: 180_000, AndGates: 24_120_000, HeMultiplyPlain: 18_258, HeRotations: 0, Layers: 52);
        var published = new PublishedCosts("Delphi", 332_000, 14_400, null, null);

        var prediction = Assert.Single(CostModelFitter.Predict(configurations, [new UnmeasuredConfiguration("resnet18", big, published)]));

        Assert.True(prediction.Predicted);
        Assert.Equal(published, prediction.Published);
        Assert.Equal(Price(OnlinePrices, big), prediction.OnlineMs!.Value, 1e-6 * Price(OnlinePrices, big));
        Assert.Equal(Price(OfflinePrices, big), prediction.OfflineMs!.Value, 1e-6 * Price(OfflinePrices, big));
        Assert.Equal(64.0 * big.Relus, prediction.OnlineBytes!.Value, 1e-6 * 64 * big.Relus);
        Assert.Equal(1_000.0 * big.HeMultiplyPlain, prediction.OfflineBytes!.Value, 1e-6 * 1_000 * big.HeMultiplyPlain);
    }

    [Fact]
    public void A_formatted_row_reads_back_as_the_same_configuration_and_a_name_with_a_comma_is_refused()
    {
        var features = new CostFeatures(49_900, 6_686_600, 18_258, 0, 52);
        string row = UnmeasuredConfigurationsCsv.FormatRow("resnet18 49.9K", features);
        Assert.Equal("resnet18 49.9K,49900,6686600,18258,0,52", row);
        Assert.Equal([new UnmeasuredConfiguration("resnet18 49.9K", features)], UnmeasuredConfigurationsCsv.Parse(UnmeasuredConfigurationsCsv.Header + "\n" + row));
        Assert.Throws<ArgumentException>(() => UnmeasuredConfigurationsCsv.FormatRow("a,b", features));
    }

    [Fact]
    public void Leave_one_out_refuses_fewer_than_three_configurations_and_repeated_names()
    {
        MeasuredConfiguration Configuration(int c, string name) => new(name, Features(c).Relus, SyntheticPoint(c, 1).Measurement!.Protocol);
        var e = Assert.Throws<ArgumentException>(() => CostModelFitter.LeaveOneOut([Configuration(0, "a"), Configuration(1, "b")]));
        Assert.StartsWith("2 configuration(s); a leave-one-out check needs at least 3", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => CostModelFitter.LeaveOneOut([Configuration(0, "a"), Configuration(1, "b"), Configuration(2, "a")]));
        Assert.StartsWith("configuration 'a' is given twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_measurement_has_no_relative_error_and_is_left_out_of_the_summary()
    {
        Assert.Null(new PredictedCost(CostTarget.OnlineBytes, 0, 5).RelativeError);
        var report = new LeaveOneOutReport([new HeldOutPrediction("a", Features(0), [new PredictedCost(CostTarget.OnlineMs, 0, 5)])]);
        Assert.Null(report.MeanRelativeError(CostTarget.OnlineMs));
        Assert.Null(report.MaxRelativeError(CostTarget.OnlineMs));
    }
}
