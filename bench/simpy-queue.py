"""The simulator's queueing core in SimPy 2 (Debian's python3-simpy, the classic process API), for
`npm run bench`: each county an M/G/c queue (Poisson calls, lognormal service, c identical
teams, first come first served). Reads the model as JSON on stdin; prints JSON: calls, mean wait,
share that waited, monthly batch means for the standard errors, and the CPU seconds."""
import json
import math
import random
import sys
import time

from SimPy.Simulation import Monitor, Process, Resource, activate, hold, initialize, now, release, request, simulate

model = json.load(sys.stdin)
random.seed(model["seed"])
HORIZON = model["days"] * 1440.0
BATCH = HORIZON / model["batches"]
MU = math.log(model["serviceMean"]) - math.log(1 + model["serviceCv"] ** 2) / 2
SIGMA = math.sqrt(math.log(1 + model["serviceCv"] ** 2))
waits = [[0.0, 0, 0] for _ in range(model["batches"])]  # wait sum, calls, calls that waited


class Call(Process):
    def run(self, team):
        arrived = now()
        yield request, self, team
        wait = now() - arrived
        b = waits[min(int(arrived / BATCH), len(waits) - 1)]
        b[0] += wait
        b[1] += 1
        if wait > 0:
            b[2] += 1
        yield hold, self, random.lognormvariate(MU, SIGMA)
        yield release, self, team


class Source(Process):
    def generate(self, rate, team):
        while True:
            yield hold, self, random.expovariate(rate)
            if now() >= HORIZON:
                return
            call = Call()
            activate(call, call.run(team))


started = time.process_time()
initialize()
for county in model["counties"]:
    team = Resource(capacity=county["teams"], monitored=False)
    source = Source()
    activate(source, source.generate(county["perMinute"], team))
simulate(until=HORIZON)
seconds = time.process_time() - started
calls = sum(b[1] for b in waits)
print(json.dumps({
    "calls": calls,
    "meanWait": sum(b[0] for b in waits) / calls,
    "pWait": sum(b[2] for b in waits) / calls,
    "batchMeanWait": [b[0] / b[1] for b in waits if b[1]],
    "batchPWait": [b[2] / b[1] for b in waits if b[1]],
    "cpuSeconds": seconds,
}))
