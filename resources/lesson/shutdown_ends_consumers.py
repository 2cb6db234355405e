"""Queue.shutdown() (Python 3.13+): consumers end without sentinels.

The creator puts every item, then calls q.shutdown(): no more items will
come. Each consumer still gets what is on the queue; once it is empty,
q.get() raises queue.ShutDown and the consumer leaves its loop. One call ends
any number of consumers. The creator then waits on each item's Event.
"""

import threading
from queue import Queue, ShutDown


def creator(data, q):
    """Create data, shut the queue down, then wait for every item to be doubled."""
    print('Creating data and putting it on the queue')
    events = []
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        events.append(evt)
    q.shutdown()  # no more items: q.get() raises ShutDown once the queue is empty
    for evt in events:
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        try:
            data, evt = q.get()
        except ShutDown:  # shut down and empty: no more data will come
            break
        print('data found to be processed: {}'.format(data))
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = [5, 10, 13, -1]
    thread_one = threading.Thread(target=creator, args=(data, q))
    consumers = [threading.Thread(target=my_consumer, args=(q,)) for _ in range(2)]
    thread_one.start()
    for thread in consumers:
        thread.start()

    thread_one.join()  # the creator has seen every item doubled
    for thread in consumers:
        thread.join()  # each consumer ends when q.get() raises ShutDown
