"""Bug: the consumer has no way to stop (the tutorial as printed).

my_consumer loops in `while True: q.get()` and nobody sends it a sentinel.
It is not a daemon thread, so after the last item it waits in q.get()
forever and the program never exits.
"""

import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        data, evt = q.get()  # no sentinel check: this loop never ends
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

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    thread_two.join()  # never returns: the consumer has no way to stop
