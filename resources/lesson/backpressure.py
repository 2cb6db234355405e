"""Backpressure: a bounded queue and a slow consumer.

Queue(maxsize=2) holds at most two items. The creator does not wait on the
Events, so it runs ahead until the queue is full, then blocks in q.put()
until the consumer makes room.
"""

import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        # no evt.wait(): only the full queue slows the creator down


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue(maxsize=2)
    data = list(range(1, 9))
    thread_one = threading.Thread(target=creator, args=(data, q))
    thread_two = threading.Thread(target=my_consumer, args=(q,))
    thread_one.start()
    thread_two.start()

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    q.put(None)        # tell the consumer to stop
    thread_two.join()
