"""Mistake (Python 3.13+): q.shutdown(immediate=True) throws queued items away.

The creator puts every item, then shuts the queue down with immediate=True,
meaning "no more items". But immediate=True also discards every item still on
the queue: the consumer never sees them, so their Events are never set, and
the creator, waiting without a timeout, waits forever. q.shutdown() without
immediate=True lets the consumers finish what is queued.
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
    q.shutdown(immediate=True)  # "no more items"... and the queued ones are discarded
    for evt in events:
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        try:
            data, evt = q.get()
        except ShutDown:  # shut down: no more data will come
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
    thread_two = threading.Thread(target=my_consumer, args=(q,))
    thread_one.start()
    thread_two.start()

    thread_one.join()  # never returns: the discarded items' Events are never set
    thread_two.join()
