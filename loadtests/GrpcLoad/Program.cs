using GrpcLoad;

// The gRPC load tool of loadtests/grpc.sh:
//   serve --port P --cert PEM --key PEM                  the test gRPC service over TLS (h2 and http/1.1 by ALPN)
//   drive --authority NAME --port P --ca PEM --seconds S --concurrency C [--payload-bytes B] [--warmup-seconds W]
//                                                        unary calls for S seconds, results as key=value lines
var options = Options.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "serve" => await ServeCommand.RunAsync(options),
    "drive" => await DriveCommand.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GrpcLoad serve --port P --cert PEM --key PEM | drive --authority NAME --port P --ca PEM --seconds S --concurrency C");
    return 2;
}
